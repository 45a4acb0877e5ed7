"""The site this process serves. The application's start (`atlas.manage.start(site)`) sets it
before anything reads it: its name, and the schema that holds the site's tables."""


class Site:
    def __init__(self):
        self.name = None
        self.schema = None

    def activate(self, name):
        self.name = name
        self.schema = f"site_{name}"


current_site = Site()
