"""Reference catalogue data taken from the seed documents."""
