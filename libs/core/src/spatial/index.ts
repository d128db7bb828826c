export { BruteForceIndex } from './brute-force-index.js';
export { ExactIndex, type IndexOptions } from './exact-index.js';
export { createKnnResult, type KnnResult } from './knn-result.js';
export { type PrincipalAxes, principalAxes, symmetricEigen } from './pca.js';
export { projectPoint, projectTo2d, type Projection2d } from './projection.js';
