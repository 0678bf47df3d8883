"""Share cards: the 1200×630 images a link to a quote, claim or person shows
when it is shared (`draw` sets the pixels, `content` says what a card holds,
`views` serves them)."""
