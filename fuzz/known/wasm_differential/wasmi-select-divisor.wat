;; wasmi 2.0.0 traps "integer divide by zero" on this module; wasmtime and V8 run it to the end
;; (the divisor is 1 when the copied local is 0, else the local). Found by the wasm_differential
;; fuzz target; an engine bug (not Burrow's glue), to report upstream. Without the memory.size
;; under the division, or without the local.set copy, wasmi divides correctly.
(module
  (memory (export "memory") 1)
  (func $f (param i32) (result i32) (local i32)
    memory.size
    local.get 0
    local.set 1
    i32.const 1
    local.get 1
    local.get 1
    i32.eqz
    select
    i32.div_u)
  (func (export "_start")
    (drop (call $f (i32.const 0)))
    (drop (call $f (i32.const 5)))))
