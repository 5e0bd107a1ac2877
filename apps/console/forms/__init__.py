"""Console forms, one module per area of /manage/. They parse input only; the rules live in the services."""
