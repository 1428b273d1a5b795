from pydantic import BaseModel, ConfigDict, Field

from app.application.common.pagination import MAX_PAGE_SIZE, SortOrder


class RequestModel(BaseModel):
    """Request bodies: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class OffsetParams(BaseModel):
    """A page of a listing in a fixed order."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(default=0, ge=0, le=10_000_000)


class PageParams(OffsetParams):
    """A page of a listing the client sorts."""

    order: SortOrder = SortOrder.ASC


class CreatedResponse(BaseModel):
    id: str
