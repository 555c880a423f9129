"""A fictitious demo förbund (and a second one, to show isolation) for trying Samordna out."""
