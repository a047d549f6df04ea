"""Writers take turns on the warehouse instead of colliding on DuckDB's file lock."""

import threading
import time

from orchestration.resources import WarehouseResource


def test_a_second_writer_waits_for_the_first(tmp_path):
    warehouse = WarehouseResource(home=str(tmp_path))
    events: list[str] = []
    first_holds = threading.Event()

    def first():
        with warehouse.writing():
            events.append("first in")
            first_holds.set()
            time.sleep(0.5)
            events.append("first out")

    def second():
        first_holds.wait()
        with warehouse.writing():
            events.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert events == ["first in", "first out", "second in"]
