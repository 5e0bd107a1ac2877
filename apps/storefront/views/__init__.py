"""Storefront pages by sub-area: the shop (``shop``), course pages (``course``), the player (``player``)."""
