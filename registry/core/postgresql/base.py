"""Django's PostgreSQL backend, with a connection check that costs no round trip.

With persistent connections, Django checks a connection before a request first uses it
(`CONN_HEALTH_CHECKS`) with `SELECT 1`: a round trip on every request, as long as verifying a
code by itself. A connection the server has ended (a restart, a failover, an idle timeout) has
its end waiting on the socket, so reading what waits there, without waiting, tells the same.
"""

import select

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq

# A connection between statements: idle, or inside a transaction that has not failed.
_USABLE = (pq.TransactionStatus.IDLE, pq.TransactionStatus.INTRANS)
# Messages read before the end shows: the server's last words (FATAL...), then end of file.
_READS = 4


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None:
            return False
        pgconn = self.connection.pgconn
        try:
            waiting = select.poll()
            waiting.register(pgconn.socket, select.POLLIN)
            for _ in range(_READS):
                if not waiting.poll(0):
                    break
                pgconn.consume_input()
        except (psycopg.OperationalError, OSError):
            return False
        return (
            pgconn.status == pq.ConnStatus.OK and self.connection.info.transaction_status in _USABLE
        )
