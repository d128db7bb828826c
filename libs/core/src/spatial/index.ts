export { BruteForceIndex } from './brute-force-index';
export { ExactIndex, type IndexOptions } from './exact-index';
export { createKnnResult, type KnnResult } from './knn-result';
export { type PrincipalAxes, principalAxes, symmetricEigen } from './pca';
export { projectPoint, projectTo2d, type Projection2d } from './projection';
