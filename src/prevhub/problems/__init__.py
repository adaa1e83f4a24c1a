"""Partnership problem-solving: SARA problems from scanning to assessment."""
