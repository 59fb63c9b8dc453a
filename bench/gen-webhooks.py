#!/usr/bin/env python3
"""Pre-signs WhatsApp Cloud API webhook deliveries for bench/webhook.lua.

Each delivery is a text message with a new wamid, from a new business-scoped user id (BSUID "BR.<n>"), or with
--senders K from one of K users (BSUID "BR.9<k>", k = n mod K) who keep writing, signed as Meta signs them:
X-Hub-Signature-256 = sha256=<hex HMAC-SHA256(app secret, raw body)>.
Writes <out>/thread-<t>.tsv for t in 0..threads-1, lines "<hex signature>\\t<body>"; delivery n goes to thread
n % threads, so no two threads ever send the same one.

usage: gen-webhooks.py --secret S --count N --threads T --out DIR [--start FIRST] [--senders K]
(use disjoint --start ranges for runs against the same host: a repeated wamid is a duplicate delivery)
"""
import argparse
import hashlib
import hmac
import json
import os
import time


def delivery(n, now, senders):
    bsuid = "BR.9%d" % (n % senders) if senders else "BR.%d" % n
    return {
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "102290129340398",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
                    "contacts": [{"profile": {"name": "Bench User " + bsuid}, "user_id": bsuid}],
                    "messages": [{
                        "from_user_id": bsuid,
                        "id": "wamid.BENCH%020d" % n,
                        "timestamp": str(now),
                        "type": "text",
                        "text": {"body": "Hello from bench delivery %d" % n},
                    }],
                },
            }],
        }],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--secret", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--start", type=int, default=1)
    parser.add_argument("--senders", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    secret = args.secret.encode()
    now = int(time.time())
    files = [open(os.path.join(args.out, "thread-%d.tsv" % t), "w") for t in range(args.threads)]
    for n in range(args.start, args.start + args.count):
        body = json.dumps(delivery(n, now, args.senders), separators=(",", ":")).encode()
        signature = hmac.new(secret, body, hashlib.sha256).hexdigest()
        files[n % args.threads].write(signature + "\t" + body.decode() + "\n")
    for f in files:
        f.close()


if __name__ == "__main__":
    main()
