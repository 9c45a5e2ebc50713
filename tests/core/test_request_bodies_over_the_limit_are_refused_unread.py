"""A request whose body is larger than its route takes is answered 413 before the body is read:
the tests announce a large body and never send it, so a server that tried to read it would wait
until the socket's timeout instead of answering."""

import asyncio
import json
import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from credentials import bulk_import

SOCKET_TIMEOUT = 20


def announce(live_server, path: str, length: int, content_type: str) -> tuple[int, dict, bytes]:
    """Send the request line and headers of a POST with `Content-Length: length`, no body, and
    read the answer."""
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), SOCKET_TIMEOUT) as sock:
        sock.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {length}\r\nAccept-Language: en\r\n\r\n"
            ).encode()
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(65536)
        head, _, body = answer.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode().split("\r\n")
        headers = {
            name.lower(): value.strip()
            for name, _, value in (line.partition(":") for line in header_lines)
        }
        while len(body) < int(headers["content-length"]):
            body += sock.recv(65536)
    return int(status_line.split()[1]), headers, body


@pytest.mark.django_db(transaction=True)
def test_an_import_over_its_limit_is_refused_with_a_page_before_the_body_is_read(live_server):
    status, headers, body = announce(
        live_server, "/portal/uopl/import/", 50 * 1024 * 1024, "multipart/form-data; boundary=x"
    )

    assert status == 413
    assert headers["content-type"].startswith("text/html")
    assert "Send at most 2.06 MB in one request." in body.decode()


@pytest.mark.django_db(transaction=True)
def test_an_api_bulk_upload_over_its_limit_is_refused_with_problem_details(live_server):
    status, headers, body = announce(
        live_server,
        "/api/v1/providers/uopl/micro-credentials/bulk/",
        bulk_import.MAX_REQUEST_BYTES + 1,
        "application/json",
    )

    assert status == 413
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["detail"] == "Send at most 2.06 MB in one request."


@pytest.mark.django_db(transaction=True)
def test_any_other_route_takes_at_most_the_general_limit(live_server, settings):
    settings.REQUEST_MAX_BYTES = 10_000

    status, _headers, _body = announce(
        live_server, "/providers/apply/", 10_001, "application/x-www-form-urlencoded"
    )

    assert status == 413


def test_an_asgi_body_without_a_length_is_counted_and_cut_at_the_limit(settings):
    from registry.asgi import application

    settings.REQUEST_MAX_BYTES = 3 * 1024 * 1024
    chunk = b"x" * (1024 * 1024)
    handed_over = 0
    sent = []

    async def receive():
        nonlocal handed_over
        handed_over += 1
        return {"type": "http.request", "body": chunk, "more_body": True}  # never ends

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/providers/apply/",
        "raw_path": b"/providers/apply/",
        "query_string": b"",
        "headers": [(b"host", b"localhost"), (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    # In a thread of its own: the browser tests may have left an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(
            asyncio.run, asyncio.wait_for(application(scope, receive, send), SOCKET_TIMEOUT)
        ).result()

    assert sent[0]["status"] == 413
    assert b"Send at most 3 MB in one request." in sent[1]["body"]
    assert handed_over == 4
