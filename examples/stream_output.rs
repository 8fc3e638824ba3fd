//! Spawns a program in a VM and streams its output line by line as it is written, while
//! feeding its input from the host: `cargo run --example stream_output`.
//!
//! The program's stdout is a kernel pipe read by an async task: nothing is buffered beyond the
//! pipe's 64 KiB, so a program producing gigabytes streams in constant memory.

use burrow::{Error, Result, Vm};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

fn io(context: &str) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { context: context.into(), source }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let vm = Vm::builder().build()?;
    // A shell reading commands from its stdin, one line at a time.
    let mut child = vm.spawn(&["sh"])?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();

    let script = "for i in 1 2 3; do echo \"tick $i\"; done\nseq 1000 | wc -l\nexit 0\n";
    let writer = tokio::spawn(async move { stdin.write_all(script.as_bytes()).await });
    while let Some(line) = lines.next_line().await.map_err(io("reading stdout"))? {
        println!("guest: {line}");
    }
    writer.await.expect("writer task").map_err(io("writing stdin"))?;
    let status = child.wait().await?;
    println!("exited: {status:?}; stats after: {} process(es) left", vm.stats().processes);
    Ok(())
}
