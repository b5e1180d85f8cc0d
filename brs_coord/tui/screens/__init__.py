"""The screens of the staff UI: one module per area."""
