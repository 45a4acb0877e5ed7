import os

from flask import Flask
from flask_migrate import Migrate

from models import db

app = Flask(__name__)
app.config['SQLALCHEMY_DATABASE_URI'] = os.environ.get(
    'DATABASE_URL', 'postgresql://todo:todo@localhost/todo')

db.init_app(app)
migrate = Migrate(app, db)


@app.route('/health')
def health():
    return {'status': 'ok'}
