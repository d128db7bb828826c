export { BruteForceIndex } from './brute-force-index';
export { ExactIndex, type IndexOptions } from './exact-index';
export { createKnnResult, type KnnResult } from './knn-result';
export { projectPoint, projectTo2d, type Projection2d, symmetricEigen } from './projection';
