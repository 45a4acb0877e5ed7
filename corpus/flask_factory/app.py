import os

from flask import Flask
from flask_migrate import Migrate

from store import db as database
from store import models  # noqa: F401  (the models join the metadata)

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get(
    "DATABASE_URL", "postgresql://store:store@localhost/store"
)

# Read by revision 9b3d6e1f4a28 in the application's context.
app.config["STORE_NOTE_ARCHIVING"] = True
app.config["STORE_NOTE_LABELS"] = ["draft", "done"]

database.db.init_app(app)
migrate = Migrate(app, database.db)
