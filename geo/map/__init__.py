"""Maps: web-map (folium/Leaflet) content, the village choropleth, the meeting and printed maps, relief, assets."""
