import datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    isbn: Mapped[str | None] = mapped_column(sa.String(13), unique=True)


class Loan(Base):
    __tablename__ = "loans"

    # `unique=True` on the primary key: CREATE TABLE drops the unique constraint.
    id: Mapped[int] = mapped_column(primary_key=True, unique=True)
    book_id: Mapped[int] = mapped_column(sa.ForeignKey("books.id", ondelete="CASCADE"))
    due: Mapped[datetime.date | None] = mapped_column(sa.Date, nullable=True)


# One tag table per entity, made in a loop: each joins the metadata when it is made, though
# only the last stays bound to `table`.
for entity in ("book", "loan"):
    table = sa.Table(
        f"{entity}_tags",
        Base.metadata,
        sa.Column(f"{entity}_id", sa.Integer, primary_key=True),
        sa.Column("tag", sa.String(40), primary_key=True),
    )
