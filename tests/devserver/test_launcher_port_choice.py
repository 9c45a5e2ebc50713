import socket

import pytest

from registry.devserver.launcher import choose_port


def test_a_free_requested_port_is_used_as_is():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]

    assert choose_port(str(free_port)) == free_port


def test_a_busy_port_moves_to_the_next_free_one_with_a_message(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        chosen = choose_port(str(port))

    assert chosen > port
    assert f"Port {port} is busy; using {chosen} instead." in capsys.readouterr().out


@pytest.mark.parametrize("value", ["eighty", "0", "70000"])
def test_an_invalid_port_is_refused_with_a_message(value):
    with pytest.raises(SystemExit, match="is not a valid port number"):
        choose_port(value)
