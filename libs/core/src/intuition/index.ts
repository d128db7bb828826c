export { Intuition, type IntuitionOptions, type PatternMatch, type Prediction } from './intuition.js';
