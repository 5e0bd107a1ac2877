"""The creator studio's pages, by area: outline, lessons, reviews, preview."""
