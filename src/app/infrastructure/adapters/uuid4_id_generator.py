from uuid import UUID, uuid4

from app.domain.ports.id_generator import IdGenerator


class Uuid4IdGenerator(IdGenerator):
    def new_id(self) -> UUID:
        return uuid4()
