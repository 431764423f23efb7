# The seed tutorial's client, as written there: a loop of input / send / recv(1024) / print, no delimiter.
# Messages come from the command line instead of input(">>: ") so that a test can drive it.
import socket
import sys

port = int(sys.argv[1])
phone = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
phone.connect(('127.0.0.1', port))
for msg in sys.argv[2:]:
    if not msg:
        continue  # the seed skips empty input
    phone.send(msg.encode('utf-8'))
    data = phone.recv(1024)
    print(data.decode('utf-8'))
phone.close()
