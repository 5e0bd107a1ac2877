"""The org console (/manage/): one module per area; the shared helpers are in ``base``."""
