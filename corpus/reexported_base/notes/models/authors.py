from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from notes.db import Base


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(40), unique=True)
