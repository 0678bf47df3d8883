from dossier.verbatim import find_all, find_verbatim, normalise

BODY = "He said:\n“Listen,  we cannot   postpone\nwhat has not been finalised,” Peskov added.\nIt’s over."


def test_typography_and_white_space_are_folded():
    match = find_verbatim('"Listen, we cannot postpone what has not been finalised,"', BODY)
    assert match is not None
    assert BODY[match.start : match.end].startswith("“Listen")
    assert BODY[match.start : match.end].endswith("finalised,”")
    assert match.line(BODY) == 2


def test_apostrophes_are_folded():
    assert find_verbatim("It's over.", BODY) is not None


def test_words_case_and_punctuation_must_match():
    assert find_verbatim("we cannot postpone what has not been finally agreed", BODY) is None
    assert find_verbatim("listen, we cannot postpone", BODY) is None
    assert find_verbatim("Listen we cannot postpone", BODY) is None
    assert find_verbatim("   ", BODY) is None


def test_find_all_matches_each_quote_in_one_pass():
    found, missing = find_all(["what has not been finalised", "nothing like this"], BODY)
    assert BODY[found.start : found.end] == "what has not been finalised"
    assert missing is None


def test_normalise_collapses_runs_of_space():
    assert normalise("  a \n\t b  ") == "a b"
