;; The exact index's leaf scan on 128-bit SIMD: for the points in slots [first, end) of the arena,
;; the weighted squared distance to the query in float32, four dimensions a lane group; the slots
;; whose distance is at most `limit` are written to the candidate list and counted. The index then
;; recomputes each candidate's distance exactly, in float64, so float32 only decides which points
;; are worth that (point-arena.ts gives the margin that keeps every true neighbour a candidate).
;;
;; Memory (byte offsets, the same constants as point-arena.ts):
;;   [0, 32)       the query, 8 × f32
;;   [32, 64)      the scales divided by the largest one, 8 × f32
;;   [64, 4160)    candidate slots, up to 1024 × i32
;;   [4160, …)     the points, 8 × f32 each, slot i at 4160 + 32·i
;;
;; Regenerate leaf-scan-wasm.ts after any change: node tools/build/leaf-scan-wasm.mjs
(module
  (memory (export "memory") 1)
  (func (export "scan") (param $first i32) (param $end i32) (param $limit f32) (result i32)
    (local $slot i32) (local $at i32) (local $stop i32) (local $found i32)
    (local $q0 v128) (local $q1 v128) (local $s0 v128) (local $s1 v128)
    (local $d0 v128) (local $d1 v128) (local $sum v128)
    (local.set $q0 (v128.load (i32.const 0)))
    (local.set $q1 (v128.load (i32.const 16)))
    (local.set $s0 (v128.load (i32.const 32)))
    (local.set $s1 (v128.load (i32.const 48)))
    (local.set $slot (local.get $first))
    (local.set $at (i32.add (i32.const 4160) (i32.shl (local.get $first) (i32.const 5))))
    (local.set $stop (i32.add (i32.const 4160) (i32.shl (local.get $end) (i32.const 5))))
    (block $done
      (br_if $done (i32.ge_u (local.get $at) (local.get $stop)))
      (loop $next
        (local.set $d0 (f32x4.sub (v128.load (local.get $at)) (local.get $q0)))
        (local.set $d1 (f32x4.sub (v128.load offset=16 (local.get $at)) (local.get $q1)))
        (local.set $sum (f32x4.add
          (f32x4.mul (f32x4.mul (local.get $d0) (local.get $d0)) (local.get $s0))
          (f32x4.mul (f32x4.mul (local.get $d1) (local.get $d1)) (local.get $s1))))
        ;; Lanes 0+2 and 1+3, then the two halves.
        (local.set $sum (f32x4.add (local.get $sum)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $sum) (local.get $sum))))
        (if (f32.le (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 1 (local.get $sum))) (local.get $limit))
          (then
            (i32.store offset=64 (i32.shl (local.get $found) (i32.const 2)) (local.get $slot))
            (local.set $found (i32.add (local.get $found) (i32.const 1)))))
        (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
        (local.set $at (i32.add (local.get $at) (i32.const 32)))
        (br_if $next (i32.lt_u (local.get $at) (local.get $stop)))))
    (local.get $found))
)
