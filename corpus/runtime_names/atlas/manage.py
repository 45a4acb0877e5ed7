"""The application's start: the site comes from the deployment's command line."""
from sitekit.runtime import current_site


def start(site):
    current_site.activate(site)
