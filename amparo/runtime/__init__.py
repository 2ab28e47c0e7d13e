"""The message pipeline: intake, inbox, queues, turns, worker, outbox."""
