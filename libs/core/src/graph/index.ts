export { Graph, type EdgeQuery, type GraphSnapshot } from './graph.js';
export { DEFAULT_GRAPH_OPTIONS, type GraphOptions } from './graph-options.js';
export { bfs, shortestPath, spreadActivation, subgraph, type TraversalOptions } from './traversal.js';
