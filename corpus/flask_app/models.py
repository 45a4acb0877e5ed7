from datetime import datetime, timezone

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy_utils import UUIDType

db = SQLAlchemy()


def utcnow():
    return datetime.now(timezone.utc)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), index=True, unique=True, nullable=False)
    email = db.Column(db.String(120), index=True, unique=True, nullable=False)
    password_hash = db.Column(db.String(256))
    last_seen = db.Column(db.DateTime, default=utcnow)

    lists = db.relationship('TodoList', backref='owner', lazy='dynamic')

    def __repr__(self):
        return f'<User {self.username}>'


class TodoList(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(140), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey('user.id'), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    tasks = db.relationship('Task', backref='todo_list', lazy='dynamic',
                            cascade='all, delete-orphan')


class Task(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    list_id = db.Column(db.Integer, db.ForeignKey('todo_list.id'), nullable=False, index=True)
    body = db.Column(db.Text, nullable=False)
    done = db.Column(db.Boolean, nullable=False, default=False)
    due_date = db.Column(db.Date)
    priority = db.Column(db.Integer, nullable=False, server_default='0')
    # a library's type given as a class: on PostgreSQL it is uuid, not its binary impl
    reference = db.Column(UUIDType)
