export { Graph, type EdgeQuery, type GraphSnapshot } from './graph';
export { DEFAULT_GRAPH_OPTIONS, type GraphOptions } from './graph-options';
export { bfs, shortestPath, spreadActivation, subgraph, type TraversalOptions } from './traversal';
