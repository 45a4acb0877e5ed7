import os

from flask import Flask
from flask_migrate import Migrate

from registry.db import db
from registry.util import import_models

# Every package under registry/modules with a models.py, found on disk at start-up: no
# import names them.
import_models()

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get(
    "DATABASE_URL", "postgresql://registry:registry@localhost/registry"
)

db.init_app(app)
migrate = Migrate(app, db)
