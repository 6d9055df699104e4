"""Project data: targets, the demo county and the script that makes it."""
