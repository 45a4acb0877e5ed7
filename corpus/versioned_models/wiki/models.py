"""Pages and tags, with their history kept by SQLAlchemy-Continuum."""
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy_continuum import make_versioned
from sqlalchemy_continuum.transaction import TransactionFactory
from sqlalchemy_continuum.manager import VersioningManager

make_versioned(
    user_cls=None,
    manager=VersioningManager(transaction_cls=TransactionFactory(remote_addr=False)),
)

Base = declarative_base()

page_tags = sa.Table(
    "page_tags",
    Base.metadata,
    sa.Column("page_id", sa.Integer, sa.ForeignKey("pages.id"), primary_key=True),
    sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"), primary_key=True),
)


class Page(Base):
    __tablename__ = "pages"
    __versioned__ = {"exclude": ["view_count"]}

    id = sa.Column(sa.Integer, primary_key=True)
    slug = sa.Column(sa.String(80), nullable=False, unique=True)
    body = sa.Column(sa.Text, nullable=False, server_default="")
    status = sa.Column(sa.String(12), nullable=False, index=True)
    view_count = sa.Column(sa.Integer, nullable=False, server_default="0")
    tags = relationship("Tag", secondary=page_tags)


class Tag(Base):
    __tablename__ = "tags"
    __versioned__ = {}

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(40), nullable=False)


# The version classes exist once the mappers are configured.
sa.orm.configure_mappers()
