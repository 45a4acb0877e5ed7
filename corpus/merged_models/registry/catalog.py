"""A second declarative base: env.py adds its tables to the first one's metadata."""
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

CatalogBase = declarative_base()


class Product(CatalogBase):
    __tablename__ = "products"

    id = sa.Column(sa.Integer, primary_key=True)
    code = sa.Column(sa.String(12), nullable=False, unique=True)
    title = sa.Column(sa.Text, nullable=False)
