module samples/threads

go 1.19
