// Egress outside the VM is the kernel's decision: denied by default, as Node's errors.
const net = require('net');

const sock = net.connect(80, '10.0.0.1');
sock.on('connect', () => console.log('connected?!'));
sock.on('error', (e) => {
  console.log(e.code, e.syscall, e.address, e.port, e.message);
  fetch('http://10.0.0.1:8080/').catch((err) => console.log(err.message, err.cause.code, err.cause.syscall));
});
