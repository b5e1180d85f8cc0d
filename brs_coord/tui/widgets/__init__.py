"""Small reusable widgets of the staff UI."""
