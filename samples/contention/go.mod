module samples/contention

go 1.19
