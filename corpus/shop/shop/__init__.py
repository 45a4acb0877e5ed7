"""Shop: a small order-taking service."""
