from tests.factories import make_quote


def test_a_quote_can_be_made(db):
    assert make_quote().source.outlet.reliability == "B"
