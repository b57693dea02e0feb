# Annotated async code: typing names in signatures and variables.
import asyncio
from typing import Any, Awaitable, Callable, Dict, List, Optional, TypeVar

T = TypeVar("T")
Handler = Callable[[str], Awaitable[None]]

registry: Dict[str, Handler] = {}


def on(event: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        registry[event] = handler
        return handler
    return register


@on("greet")
async def greet(who: str) -> None:
    await asyncio.sleep(0.1)
    print(f"hello, {who}")


async def first(items: List[T]) -> Optional[T]:
    await asyncio.sleep(0)
    return items[0] if items else None


async def main() -> None:
    data: Any = {"x": 1}
    await registry["greet"]("world")
    print(await first([3, 2, 1]), await first([]), data)
    print(greet.__annotations__)


asyncio.run(main())
