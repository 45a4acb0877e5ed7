from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from hostapp.orm import Model


class Tag(Model):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(40), unique=True)
