-- A DDP login ({"resume": token}) names no user: the websocket finds the token by its hash alone.
CREATE INDEX access_tokens_token_hash ON access_tokens (token_hash);
