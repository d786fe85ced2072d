module samples/gcload

go 1.19
