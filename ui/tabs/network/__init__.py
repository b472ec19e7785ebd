"""The Network tab (네트워크): the map, who is not yet in the network, joint projects."""
