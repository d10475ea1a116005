"""The processes: the chat (polling or webhook), the worker, and the Bot client they
share."""
