// tfjs-core registers no gradients by itself. tfjs-layers registers all of them on import, in Node
// (its CommonJS bundle carries them) and under Vite (it imports core's register_all_gradients),
// whereas importing that core file directly fails under Node's ESM resolver. Every module that
// differentiates imports this one.
import '@tensorflow/tfjs-layers';
