module faasioflex.io/watchdog

go 1.22
