"""The submission POST under load: citizens sending input to one consultation at a steady rate
(50 a second by default) against the production server, and a check that every accepted
submission is stored (no errors, no losses). Used by bench/run.py; runs on its own as

    .venv/bin/python bench/submissions.py PORT KNR CONSULTATION_PK [--rate 50] [--seconds 5]

(with the bench's environment: the server's database and secret key, since the form's signed
token is made here)."""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx


def submission_load(port: int, knr: str, pk: int, rate: int = 50, seconds: int = 5) -> dict:
    """POST `rate` submissions a second for `seconds`; returns the counts and latencies."""
    import django

    django.setup()
    from samplan.participation.forms import form_token
    from samplan.participation.models import Question, Submission

    base = f"http://127.0.0.1:{port}"
    url = f"{base}/delta/{knr}/{pk}/"
    # One client for all requests (httpx's clients are thread-safe): making one costs about
    # 35 ms of CPU (its TLS context), which per request took more than half of the two cores the
    # server shares with this script at 50 a second.
    client = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=32))
    page = client.get(url, timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    cookie = page.cookies["csrftoken"]
    question = Question.objects.filter(consultation_id=pk).order_by("order").first()
    before = Submission.objects.filter(consultation_id=pk).count()
    total = rate * seconds
    tokens = [form_token(seconds_ago=10) for _ in range(total)]
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    start = time.monotonic()

    def send(index: int) -> None:
        time.sleep(max(0.0, start + index / rate - time.monotonic()))
        data = {
            "csrfmiddlewaretoken": csrf,
            "skjema": tokens[index],
            "text": f"Innspill {index} fra lasttesten.",
            "anonymous": "on",
            "consent": "on",
            "age_band": "26-66",
        }
        if question is not None and question.kind == "valg":
            data[f"q_{question.pk}"] = question.option_list()[0]
        began = time.monotonic()
        try:
            response = client.post(
                url,
                data=data,
                headers={"Referer": url, "Cookie": f"csrftoken={cookie}"},
            )
            status = response.status_code
        except httpx.HTTPError:
            status = 0
        with lock:
            results.append((status, time.monotonic() - began))

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(send, range(total)))
    elapsed = time.monotonic() - start
    client.close()
    accepted = sum(1 for status, _ in results if status == 302)
    stored = Submission.objects.filter(consultation_id=pk).count() - before
    latencies = sorted(duration for _, duration in results)
    return {
        "sent": total,
        "accepted": accepted,
        "errors": total - accepted,
        "stored": stored,
        # A timed-out request may still be stored: lost counts accepted ones not stored.
        "lost": max(0, accepted - stored),
        "per_second": round(accepted / elapsed, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("port", type=int)
    parser.add_argument("knr")
    parser.add_argument("pk", type=int)
    parser.add_argument("--rate", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=5)
    arguments = parser.parse_args()
    print(
        json.dumps(
            submission_load(
                arguments.port, arguments.knr, arguments.pk, arguments.rate, arguments.seconds
            )
        )
    )
