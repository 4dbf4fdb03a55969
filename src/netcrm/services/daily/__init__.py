"""The daily loop: who is due a touch (`due`), and logging touches (`log`, `done`)."""
